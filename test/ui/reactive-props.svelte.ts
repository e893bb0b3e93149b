/**
 * Props a test can change after mount(): a $state object, so assigning `props.step = 5` re-renders
 * the component as a parent passing a new step would. Class instances inside (Trace, TraceIndex)
 * are left as they are; $state only proxies plain objects and arrays.
 */
export function reactiveProps<T extends object>(initial: T): T {
  const props = $state(initial);
  return props;
}

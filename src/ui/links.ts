/**
 * Links between pages. How a page's path becomes a link is the app's business (its router decides
 * the URL scheme), so components in ui/ do not import the router: the app hands its link builder
 * down through this context, once, at the top of the component tree.
 */
import { getContext, setContext } from 'svelte';

/** The link target of an app path such as `/player` or `/lesson?id=chain-rule`. */
export type LinkTo = (path: string) => string;

const LINKS = Symbol('links');

export function provideLinks(linkTo: LinkTo): void {
  setContext(LINKS, linkTo);
}

/** The app's link builder; call it while a component is being created. */
export function useLinks(): LinkTo {
  const linkTo = getContext<LinkTo | undefined>(LINKS);
  if (linkTo === undefined) throw new Error('a component that links to other pages was created outside the app, which provides the links');
  return linkTo;
}

/**
 * Everything a lesson file imports: `import { Step, Numeric, Perceptron } from '$lesson';`.
 * The structure (steps, exercises) first, then the widgets; lessons/README.md lists each one's props.
 */
export { default as Step } from './Step.svelte';
export { default as Numeric } from './Numeric.svelte';
export { default as Choice } from './Choice.svelte';
export { default as Option } from './Option.svelte';
export { default as Formula } from './Formula.svelte';
export { default as Hint } from './Hint.svelte';
export { default as Explain } from './Explain.svelte';
export { default as Tex } from '../Tex.svelte';
export { default as Columns } from './widgets/Columns.svelte';

// Widgets, in the order the lessons first use them.
export { default as BoundaryDrag } from './widgets/BoundaryDrag.svelte';
export { default as PerceptronRule } from './widgets/PerceptronRule.svelte';
export { default as ActivationGallery } from './widgets/ActivationGallery.svelte';
export { default as BceExplorer } from './widgets/BceExplorer.svelte';
export { default as Descent1D } from './widgets/Descent1D.svelte';
export { default as Descent2D } from './widgets/Descent2D.svelte';
export { default as XorLab } from './widgets/XorLab.svelte';
export { default as OneLayerRegions } from './widgets/OneLayerRegions.svelte';
export { default as ChainSlope } from './widgets/ChainSlope.svelte';
export { default as ExpressionReplay } from './widgets/ExpressionReplay.svelte';
export { default as TopoOrder } from './widgets/TopoOrder.svelte';
export { default as LessonPlayer } from './widgets/LessonPlayer.svelte';
export { default as SoftmaxExplorer } from './widgets/SoftmaxExplorer.svelte';
export { default as Pipeline } from './widgets/Pipeline.svelte';

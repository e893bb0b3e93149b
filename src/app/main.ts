// KaTeX's stylesheet and fonts, loaded once here for every page that shows formulas.
import 'katex/dist/katex.min.css';
import './global.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { registerServiceWorker } from './offline/register';
import { router } from './router.svelte';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element to mount into');

router.start(window);
mount(App, { target });
registerServiceWorker();

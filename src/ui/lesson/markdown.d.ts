// A lesson file (lessons/*.md) compiled by mdsvex is a Svelte component; its front matter is
// also exported as `metadata`, but the app reads front matter from the raw text instead (see
// catalog.ts), so that the index need not load every lesson.
declare module '*.md' {
  import type { Component } from 'svelte';
  const lesson: Component;
  export default lesson;
  export const metadata: Record<string, unknown>;
}

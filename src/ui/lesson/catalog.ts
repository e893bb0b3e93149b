/**
 * The lessons: every `lessons/*.md` except the README, found at build time. Adding a lesson is
 * adding a file; nothing under src/ changes. The raw text is read for the index (front matter,
 * step and exercise counts); the compiled component is loaded only when the lesson is opened.
 */
import type { Component } from 'svelte';
import { buildCatalog, type Catalog, type LessonInfo } from './front-matter';

const PATTERN = ['/lessons/*.md', '!/lessons/README.md'];

const sources = import.meta.glob<string>(['/lessons/*.md', '!/lessons/README.md'], { query: '?raw', import: 'default', eager: true });
const components = import.meta.glob<Component>(['/lessons/*.md', '!/lessons/README.md'], { import: 'default' });

export const catalog: Catalog = buildCatalog(sources);

export function findLesson(id: string): LessonInfo | undefined {
  return catalog.lessons.find((lesson) => lesson.id === id);
}

/** The lesson after this one, in order. */
export function nextLesson(id: string): LessonInfo | undefined {
  const index = catalog.lessons.findIndex((lesson) => lesson.id === id);
  return index === -1 ? undefined : catalog.lessons[index + 1];
}

/** Loads the compiled lesson (its own chunk). */
export function loadLesson(id: string): Promise<Component> {
  const path = Object.keys(components).find((candidate) => candidate.endsWith(`/${id}.md`) || new RegExp(`/\\d+[-_]${id}\\.md$`).test(candidate));
  const load = path === undefined ? undefined : components[path];
  if (load === undefined) return Promise.reject(new Error(`no lesson file for "${id}" (looked for ${PATTERN[0]})`));
  return load();
}

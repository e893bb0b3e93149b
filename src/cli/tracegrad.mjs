#!/usr/bin/env node
// The installed `tracegrad` command. The CLI is TypeScript run by tsx (nothing is compiled to
// JavaScript), so this shim registers tsx's loader and then loads main.ts, which runs the command.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');

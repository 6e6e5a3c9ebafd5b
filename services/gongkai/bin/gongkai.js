#!/usr/bin/env node
// The `gongkai` command. Sources are TypeScript run through tsx (see docs/ARCHITECTURE.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv);

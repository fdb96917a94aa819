// `import … from 'node:fs'` makes Node 20 build a module namespace of every fs export, and reading them loads the
// fs streams (~1 ms of a cold start); getBuiltinModule hands over the CommonJS object without touching its getters.
const fs = process.getBuiltinModule('node:fs');

export const writeSync: typeof fs.writeSync = fs.writeSync;

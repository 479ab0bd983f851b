// The mini-program typings declare CommonJS `require(module: string): any`,
// because WeChat's runtime has one for the mini program's own files. Node's
// built-in modules are not there: requiring one gives `never`, so anything
// done with it fails the type check. (ESLint refuses `require` in page code
// outright; see eslint.config.mjs.) One literal per signature: TypeScript
// puts such signatures before the general one.
interface Require {
  (module: 'fs'): never;
  (module: 'fs/promises'): never;
  (module: 'path'): never;
  (module: 'os'): never;
  (module: 'crypto'): never;
  (module: 'http'): never;
  (module: 'https'): never;
  (module: 'net'): never;
  (module: 'child_process'): never;
  (module: 'buffer'): never;
  (module: 'util'): never;
  (module: 'stream'): never;
  (module: 'events'): never;
  (module: 'url'): never;
  (module: 'zlib'): never;
  (module: 'worker_threads'): never;
  (module: 'node:fs'): never;
  (module: 'node:fs/promises'): never;
  (module: 'node:path'): never;
  (module: 'node:os'): never;
  (module: 'node:crypto'): never;
  (module: 'node:http'): never;
  (module: 'node:https'): never;
  (module: 'node:child_process'): never;
  (module: 'node:buffer'): never;
  (module: 'node:util'): never;
}

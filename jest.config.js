/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Type checking is `npm run typecheck`'s job: with isolatedModules in tsconfig.json, ts-jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Many tests talk to the emulator over loopback HTTP; on a loaded 2-core machine 5 s is too tight for the larger tables.
  testTimeout: 30_000,
  // Most suites wait on loopback HTTP, timers and child processes rather than compute: with two workers a
  // 2-core machine stays half idle (69 s of CPU in 66 s). Three overlap those waits: 66 s -> 55 s for the suite.
  // Four (42 s) starve the suites that race real deadlines (fuzz.test.ts's transport parity) on a loaded machine.
  maxWorkers: 3,
};

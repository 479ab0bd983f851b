/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Type checking is `npm run typecheck`'s job: with isolatedModules in tsconfig.json, ts-jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Many tests talk to the emulator over loopback HTTP; on a loaded 2-core machine 5 s is too tight for the larger tables.
  testTimeout: 30_000,
  // Most suites wait on loopback HTTP, timers and child processes rather than compute: two workers on a
  // 2-core machine overlap those waits (jest's default there is one), 45 s -> 26 s for the suite.
  maxWorkers: 2,
};

/** jest 30 + ts-jest in ESM mode (see ../shared/TOOLCHAIN.md). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        useESM: true,
        tsconfig: { module: 'ESNext', moduleResolution: 'bundler', isolatedModules: true },
        diagnostics: false,
      },
    ],
  },
  testTimeout: 30000,
  maxWorkers: 2,
};

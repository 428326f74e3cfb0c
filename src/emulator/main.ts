import { Command } from 'commander';
import { addEmulatorOptions, toEmulatorOptions, type EmulatorCliValues } from './cli-options';
import { startEmulator } from './index';

/** `npm run emulator -- [options]`: runs the emulator until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const cmd = addEmulatorOptions(new Command('emulator').description('CloudHSM Classic API emulator'));
  cmd.parse(process.argv);
  let handle;
  try {
    handle = await startEmulator(toEmulatorOptions(cmd.opts<EmulatorCliValues>()));
  } catch (err) {
    process.stderr.write(`emulator: ${(err as Error).message}\n`);
    process.exit(2);
  }
  process.stdout.write(`CloudHSM Classic emulator listening on ${handle.url}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`emulator: ${signal}, stopping\n`);
    void handle.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();

/** `hsmwatch emulator`: the CloudHSM Classic emulator, with the same options as `npm run emulator`. */
import { Command } from 'commander';
import { addEmulatorOptions, toEmulatorOptions, type EmulatorCliValues } from '../../emulator/cli-options';
import { startEmulator } from '../../emulator/index';
import { action, CliError } from '../cli-error';

/** Registers `emulator`. */
export function registerEmulatorCommand(program: Command): void {
  const cmd = addEmulatorOptions(
    new Command('emulator').description('run the CloudHSM Classic API emulator on 127.0.0.1 until Ctrl-C'),
  );
  cmd.action(
    action(async () => {
      let options;
      try {
        options = toEmulatorOptions(cmd.opts<EmulatorCliValues>());
      } catch (err) {
        throw new CliError((err as Error).message, 2);
      }
      const handle = await startEmulator(options);
      process.stdout.write(`CloudHSM Classic emulator listening on ${handle.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          process.stdout.write(`emulator: ${signal}, stopping\n`);
          void handle.stop().then(resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    }),
  );
  program.addCommand(cmd);
}

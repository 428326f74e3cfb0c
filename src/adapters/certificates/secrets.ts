/**
 * Named secrets, the one thing certificate sources and bundle stores need from Secrets Manager.
 * `SecretsManagerSecrets` talks to AWS; `MemorySecrets` and `FileSecrets` are the local runtime's
 * implementations of the same interface. Values are never logged.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** Reads and writes secrets by name. */
export interface SecretStore {
  /** The secret's string value, or undefined when there is no such secret. */
  get(name: string): Promise<string | undefined>;
  /** Writes a new version, creating the secret when needed. */
  put(name: string, value: string, description?: string): Promise<void>;
  /** How operators find it (`secretsmanager:<name>`, `file:<path>`...). */
  locationOf(name: string): string;
}

const errName = (e: unknown) => (e as { name?: string })?.name;

/** AWS Secrets Manager. */
export class SecretsManagerSecrets implements SecretStore {
  constructor(private readonly client: SecretsManagerClient) {}

  async get(name: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: name }));
      return (
        out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined)
      );
    } catch (err) {
      if (errName(err) === 'ResourceNotFoundException') return undefined;
      throw err;
    }
  }

  async put(name: string, value: string, description?: string): Promise<void> {
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
    } catch (err) {
      if (errName(err) !== 'ResourceNotFoundException') throw err;
      await this.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: value,
          ...(description ? { Description: description } : {}),
        }),
      );
    }
  }

  locationOf(name: string): string {
    return `secretsmanager:${name}`;
  }
}

/** In memory (tests, the demo). */
export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();

  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }
  async put(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  locationOf(name: string): string {
    return `memory:${name}`;
  }
}

/** One file per secret under a directory, mode 0600 (the local runtime). */
export class FileSecrets implements SecretStore {
  constructor(private readonly dir: string) {}

  private path(name: string): string {
    if (name.split('/').some((p) => p === '..' || p === ''))
      throw new RangeError(`secret name ${JSON.stringify(name)} is not a safe path`);
    return join(this.dir, name);
  }
  async get(name: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
  async put(name: string, value: string): Promise<void> {
    const p = this.path(name);
    await mkdir(dirname(p), { recursive: true, mode: 0o700 });
    await writeFile(p, value, { mode: 0o600 });
  }
  locationOf(name: string): string {
    return `file:${this.path(name)}`;
  }
}

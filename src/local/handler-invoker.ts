/**
 * Invokes the real Lambda handlers (functions/*.ts) in-process, the way Lambda would: the module
 * is imported once (its module-level client cache lives as in a warm container) and the handler
 * gets the event and a Lambda context.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { LocalFunction } from './serverless-config';

/** Repository root (serverless.yml's directory): handler paths are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** A function that cannot be invoked (missing module or export). */
export class LocalInvokeError extends Error {
  override readonly name = 'LocalInvokeError';
}

// Handler modules cache their clients at module level, like a warm Lambda container. A second
// runtime in the same process gets fresh copies (a new module URL) so it never talks to the
// first runtime's stopped servers.
let instances = 0;

/** Imports and invokes handlers by function name. */
export class HandlerInvoker {
  private readonly instance = ++instances;
  private readonly handlers = new Map<string, Promise<Handler>>();
  private readonly byName: ReadonlyMap<string, LocalFunction>;

  constructor(
    functions: readonly LocalFunction[],
    private readonly opts: { region: string; accountId: string; stage: string },
  ) {
    this.byName = new Map(functions.map((f) => [f.name, f]));
  }

  /** Invokes `functionName` with `event`; resolves to the handler's result. */
  async invoke(functionName: string, event: unknown): Promise<unknown> {
    const handler = await this.load(functionName);
    return handler(event, this.context(functionName));
  }

  private load(functionName: string): Promise<Handler> {
    let loaded = this.handlers.get(functionName);
    if (!loaded) {
      const fn = this.byName.get(functionName);
      if (!fn) throw new LocalInvokeError(`serverless.yml has no function ${functionName}`);
      const base = pathToFileURL(join(REPO_ROOT, `${fn.module}.ts`)).href;
      const url = this.instance === 1 ? base : `${base}?instance=${this.instance}`;
      loaded = import(url).then((mod: Record<string, unknown>) => {
        const h = mod[fn.exportName];
        if (typeof h !== 'function')
          throw new LocalInvokeError(`${fn.module}.ts does not export ${fn.exportName}`);
        return h as Handler;
      });
      this.handlers.set(functionName, loaded);
    }
    return loaded;
  }

  private context(functionName: string): Record<string, unknown> {
    const name = `hsmwatch-${this.opts.stage}-${functionName}`;
    const deadline = Date.now() + 300_000;
    return {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.opts.region}:${this.opts.accountId}:function:${name}`,
      memoryLimitInMB: '256',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
  }
}

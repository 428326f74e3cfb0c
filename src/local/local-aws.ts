/**
 * Just enough of EventBridge, SQS, SNS, Secrets Manager and SSM, on 127.0.0.1, for the real
 * handlers to run unchanged on a laptop: the runtime points the AWS SDK at it through the
 * standard `AWS_ENDPOINT_URL_<SERVICE>` variables. PutEvents feeds the LocalEventBus, SendMessage
 * feeds the local poll queue, Publish goes to the terminal. Signatures are not checked: this
 * server never sees real credentials' use beyond the loopback.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';
import type { DetailType, EventPublisher } from '../monitor/events';

/** A message published to the (local) SNS topic. */
export interface LocalSnsMessage {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface LocalAwsOptions {
  readonly bus: EventPublisher;
  /** SQS SendMessage: the runtime hands poll messages to the poll handler. */
  readonly onSqsMessage: (queueUrl: string, body: string) => void;
  /** SNS Publish. */
  readonly onSnsPublish: (message: LocalSnsMessage) => void;
  readonly region: string;
  readonly accountId: string;
}

/** The running fake. `secrets` may be seeded (e.g. the Slack webhook) and inspected. */
export interface LocalAwsHandle {
  readonly endpoint: string;
  readonly secrets: Map<string, string>;
  /** Environment variables that point the AWS SDK v3 at this server. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

class AwsFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

/** Starts the local AWS fake on 127.0.0.1 with an OS-chosen port. */
export async function startLocalAws(opts: LocalAwsOptions): Promise<LocalAwsHandle> {
  const secrets = new Map<string, string>();
  const secretArn = (name: string) =>
    `arn:aws:secretsmanager:${opts.region}:${opts.accountId}:secret:${name}-local`;

  const json: Record<string, (body: Json) => Promise<Json> | Json> = {
    'AWSEvents.PutEvents': async (body) => {
      const entries = (body['Entries'] as Json[] | undefined) ?? [];
      await opts.bus.publish(
        entries.map((e) => ({
          source: String(e['Source']) as 'hsmwatch',
          detailType: String(e['DetailType']) as DetailType,
          detail: JSON.parse(String(e['Detail'] ?? '{}')) as unknown,
          resources: (e['Resources'] as string[] | undefined) ?? [],
          time: e['Time']
            ? new Date(Number(e['Time']) * 1000 || String(e['Time'])).toISOString()
            : new Date().toISOString(),
        })),
      );
      return { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) };
    },
    'AmazonSQS.SendMessage': (body) => {
      const message = String(body['MessageBody']);
      opts.onSqsMessage(String(body['QueueUrl']), message);
      // The SDK checks this digest of the body it sent.
      return { MessageId: randomUUID(), MD5OfMessageBody: md5(message) };
    },
    'AmazonSQS.SendMessageBatch': (body) => {
      const entries = (body['Entries'] as Json[] | undefined) ?? [];
      for (const e of entries) opts.onSqsMessage(String(body['QueueUrl']), String(e['MessageBody']));
      return {
        Successful: entries.map((e) => ({
          Id: e['Id'],
          MessageId: randomUUID(),
          MD5OfMessageBody: md5(String(e['MessageBody'])),
        })),
        Failed: [],
      };
    },
    'secretsmanager.GetSecretValue': (body) => {
      const name = String(body['SecretId']);
      const value = secrets.get(name);
      if (value === undefined) {
        throw new AwsFault('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      }
      return { ARN: secretArn(name), Name: name, SecretString: value, VersionId: 'local' };
    },
    'secretsmanager.CreateSecret': (body) => {
      const name = String(body['Name']);
      if (secrets.has(name)) throw new AwsFault('ResourceExistsException', `secret ${name} already exists`);
      secrets.set(name, String(body['SecretString'] ?? ''));
      return { ARN: secretArn(name), Name: name, VersionId: 'local' };
    },
    'secretsmanager.PutSecretValue': (body) => {
      const name = String(body['SecretId']);
      if (!secrets.has(name)) {
        throw new AwsFault('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      }
      secrets.set(name, String(body['SecretString'] ?? ''));
      return { ARN: secretArn(name), Name: name, VersionId: 'local' };
    },
    'AmazonSSM.GetParameter': (body) => {
      const name = String(body['Name']);
      const value = secrets.get(name);
      if (value === undefined) throw new AwsFault('ParameterNotFound', `parameter ${name} not found`);
      return { Parameter: { Name: name, Type: 'SecureString', Value: value, Version: 1 } };
    },
  };

  const server: Server = createServer((req, res) => {
    void readBody(req)
      .then(async (raw) => {
        const target = req.headers['x-amz-target'];
        if (typeof target === 'string') {
          const op = json[target];
          if (!op) throw new AwsFault('UnknownOperationException', `local AWS does not implement ${target}`);
          const out = await op(raw ? (JSON.parse(raw) as Json) : {});
          return send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(out));
        }
        const form = new URLSearchParams(raw);
        if (form.get('Action') === 'Publish') return send(res, 200, 'text/xml', snsPublish(form, opts));
        throw new AwsFault('InvalidAction', `local AWS does not implement ${form.get('Action') ?? req.url}`);
      })
      .catch((err: unknown) => {
        const fault = err instanceof AwsFault ? err : new AwsFault('InternalFailure', String(err), 500);
        res.setHeader('x-amzn-ErrorType', fault.type);
        send(
          res,
          fault.status,
          'application/x-amz-json-1.1',
          JSON.stringify({ __type: fault.type, message: fault.message }),
        );
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    secrets,
    env: {
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
      AWS_ENDPOINT_URL_SQS: endpoint,
      AWS_ENDPOINT_URL_SNS: endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      AWS_ENDPOINT_URL_SSM: endpoint,
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function snsPublish(form: URLSearchParams, opts: LocalAwsOptions): string {
  const attributes: Record<string, string> = {};
  for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
    attributes[String(form.get(`MessageAttributes.entry.${i}.Name`))] = String(
      form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '',
    );
  }
  const subject = form.get('Subject');
  opts.onSnsPublish({
    topicArn: String(form.get('TopicArn')),
    ...(subject ? { subject } : {}),
    message: String(form.get('Message') ?? ''),
    attributes,
  });
  const id = randomUUID();
  return `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`;
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'x-amzn-RequestId': randomUUID() });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

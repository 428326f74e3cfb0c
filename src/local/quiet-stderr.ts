/**
 * Keeps the terminal readable in local runs: drops Powertools Metrics' "No application metrics
 * to publish" warning, which a handler that publishes its metrics itself triggers on every
 * invocation (metrics are disabled locally anyway). Everything else reaches stderr unchanged.
 */
const NOISE = 'No application metrics to publish.';

/** Installs the filter on process.stderr; returns a function that removes it. */
export function quietPowertoolsNoise(): () => void {
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && chunk.startsWith(NOISE)) return true;
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return () => {
    process.stderr.write = original;
  };
}

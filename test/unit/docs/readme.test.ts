import { readFileSync } from 'node:fs';
import { PROBLEMS } from '../../../src/monitor/incidents/types';
import { runbookAnchor } from '../../../src/monitor/incidents/format';
import { MONITOR_DETAIL_TYPES, REMEDIATION_DETAIL_TYPES } from '../../../src/monitor/events';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchors = new Set(
  readme
    .split('\n')
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => anchorOf(l.replace(/^#+ /, ''))),
);

describe('README', () => {
  describe('runbook', () => {
    it.each(PROBLEMS.map((p) => [p]))('has the section every %s notification links to', (problem) => {
      expect(anchors).toContain(runbookAnchor(problem));
    });
  });

  describe('event schema reference', () => {
    it.each([...MONITOR_DETAIL_TYPES, ...REMEDIATION_DETAIL_TYPES].map((t) => [t]))(
      'names %s',
      (detailType) => {
        expect(readme).toContain(detailType);
      },
    );
  });

  describe('quick start', () => {
    it('gives the two commands that set everything up', () => {
      expect(readme).toContain('npm ci && npm start');
      expect(readme).toMatch(/```sh\nnpm test\n```/);
    });
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { renderReport } from '../../../src/report/render-report';
import { fixtureReport } from './report-fixture';

const CHROMIUM = '/usr/bin/chromium';

describe('fleet report page', () => {
  let browser: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hsmwatch-report-'));
    // A fresh profile per run (persistent context is how playwright takes --user-data-dir).
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('renderReport', () => {
    it('renders the key elements in Chromium with no network request, and screenshots it', async () => {
      // prepare
      const file = join(dir, 'fleet.html');
      writeFileSync(file, renderReport(fixtureReport()));
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      // act
      await page.goto(pathToFileURL(file).href);
      // assess
      expect(await page.textContent('#count-hsms .n')).toBe('7');
      expect(await page.textContent('#count-hapgs .n')).toBe('2');
      expect(await page.textContent('#count-clients .n')).toBe('3');
      expect(await page.textContent('#count-incidents .n')).toBe('1');
      const statusRows = await page.$$eval('#hsm-status-table tbody tr', (rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())),
      );
      expect(statusRows).toEqual([
        ['DEGRADED', '0', '0', '1', '1'],
        ['RUNNING', '2', '3', '1', '6'],
      ]);
      // Membership per AZ: the degraded HSM shows in us-east-1c of the payments group.
      const payments = await page.$$eval('#membership-table tbody tr:first-child td', (tds) =>
        tds.map((td) => td.textContent?.trim()),
      );
      expect(payments[4]).toContain('hsm-00000002 DEGRADED');
      expect(payments[2]).toContain('hsm-00000003 RUNNING');
      expect(await page.$$eval('#membership-table .member.bad', (els) => els.length)).toBe(1);
      expect(await page.textContent('#unassigned-hsms')).toContain('hsm-00000007 RUNNING');
      // Timeline: one lane per changed resource, one segment per state held.
      expect(await page.$$eval('svg#timeline g.lane', (els) => els.length)).toBe(2);
      expect(await page.$$eval('svg#timeline rect.segment[data-state="DEGRADED"]', (els) => els.length)).toBe(
        2,
      );
      const box = await page.locator('svg#timeline').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(400);
      expect(await page.textContent('#incidents-table tbody')).toContain('HAPG payments is DEGRADED');
      expect(await page.textContent('#remediations-table tbody')).toContain(
        'ModifyHapg would drop partition 700002',
      );
      expect(await page.textContent('#clients-table tbody tr:first-child')).toContain('EXPIRING');
      // Fleet data is escaped, never executed.
      expect(dialogs).toEqual([]);
      expect(await page.textContent('#membership-table')).toContain('signing<script>alert(1)</script>');
      expect(requests).toEqual([]);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: join('test-results', 'fleet-report.png'), fullPage: true });
      await page.close();
    });

    it('says so when there is nothing to show', async () => {
      const file = join(dir, 'empty.html');
      writeFileSync(
        file,
        renderReport({
          generatedAt: '2026-03-01T00:00:00.000Z',
          source: 'empty',
          records: [],
          timeline: [],
          incidents: [],
          remediations: [],
        }),
      );
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href);
      expect(await page.textContent('#count-hsms .n')).toBe('0');
      expect(await page.isVisible('#timeline-empty')).toBe(true);
      expect(await page.isVisible('#no-incidents')).toBe(true);
      expect(await page.isVisible('#no-remediations')).toBe(true);
      await page.close();
    });
  });
});

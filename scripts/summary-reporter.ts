import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints the plain "N passed, N failed" closing line CI reads. */
export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  onTestEnd(_test: TestCase, result: TestResult): void {
    if (result.status === 'passed') this.passed++;
    else if (result.status === 'skipped') this.skipped++;
    else if (result.retry === 0 || result.status !== 'failed') this.failed++;
  }
  onEnd(): void {
    console.log(`${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`);
  }
}

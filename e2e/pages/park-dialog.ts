import type { Locator } from '@playwright/test';

/** The "Park poison record" dialog of a stuck partition on /lag. */
export class ParkDialog {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly recordLink: Locator;
  readonly members: Locator;
  readonly confirm: Locator;
  readonly result: Locator;
  readonly deadLetterLink: Locator;
  readonly committed: Locator;
  readonly undo: Locator;
  readonly error: Locator;

  /** `partitionRow`: the partition's row in the expanded group (GroupRow.partition); the dialog itself lives in <body> */
  constructor(partitionRow: Locator, groupId: string, topic: string, partition: number) {
    this.openButton = partitionRow.getByTestId('park-button');
    this.dialog = partitionRow.page().locator(`[data-testid="park-dialog"][data-partition="${groupId}/${topic}:${partition}"]`);
    this.recordLink = this.dialog.getByTestId('park-record-link');
    this.members = this.dialog.getByTestId('park-members');
    this.confirm = this.dialog.getByTestId('park-confirm');
    this.result = this.dialog.getByTestId('park-result');
    this.deadLetterLink = this.dialog.getByTestId('park-dead-letter-link');
    this.committed = this.dialog.getByTestId('park-committed');
    this.undo = this.dialog.getByTestId('park-undo');
    this.error = this.dialog.getByTestId('park-error');
  }
}

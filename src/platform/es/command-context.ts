/** Who asked for a change, and as part of which request: becomes every event's metadata. */
export interface CommandContext {
  correlationId: string;
  causationId?: string | null;
  /** `scim-token:<id>`, `admin`, `system:<process>` */
  actor: string;
}

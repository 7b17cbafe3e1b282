// Why a psychologist blocked a caller: a code, never free text, so nothing identifying is stored with the block.
// Shared by the server (validation) and the console (the block form's labels).
export const BLOCK_REASONS = ['abusive', 'threatening', 'prank', 'sexual', 'other'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

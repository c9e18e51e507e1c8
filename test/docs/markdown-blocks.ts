/*
 * Fenced code blocks of a Markdown file, with the line each one's code starts on, so a failure can point at the README.
 */

/** One fenced block: its info-string language, its code and the 1-based line of its first code line. */
export interface FencedBlock {
  readonly lang: string;
  readonly line: number;
  readonly code: string;
}

/** Every ``` or ~~~ fenced block, in order; an unclosed fence is an error (it would swallow the rest of the file). */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '');
    if (end < 0) throw new Error(`line ${i + 1}: unclosed code fence`);
    blocks.push({ lang: open[2].toLowerCase(), line: i + 2, code: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

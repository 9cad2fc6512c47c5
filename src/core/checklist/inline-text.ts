import type { Nodes } from 'mdast';

/**
 * The readable text of inline markdown: emphasis and links dropped, inline code kept in
 * backticks (it usually names a file or a command), line breaks as spaces.
 */
export function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
      return node.value;
    case 'inlineCode':
      return `\`${node.value}\``;
    case 'break':
      return ' ';
    case 'html':
      return '';
    case 'image':
      return node.alt ?? '';
    default:
      if ('children' in node) {
        const only = node.children.length === 1 ? (node.children[0] as Nodes) : null;
        if (only?.type === 'text') return only.value;
        return (node.children as Nodes[]).map(inlineText).join('');
      }
      return '';
  }
}

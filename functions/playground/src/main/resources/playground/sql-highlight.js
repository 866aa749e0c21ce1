// A small SQL tokenizer for the page: keywords, strings, numbers and comments become spans with a
// class, everything else plain text. It returns DOM nodes (the SQL is untrusted text).
const KEYWORDS = new Set(`
  select from where and or not in is null as on join left right inner outer full cross natural
  using group by order having limit offset fetch first next rows row only distinct all union
  intersect except case when then else end with recursive asc desc nulls last between like
  ilike similar exists any some cast true false interval over partition window filter within
  lateral values count sum avg min max coalesce nullif extract date_trunc date timestamp
  current_date current_timestamp`.trim().split(/\s+/));

const TOKEN = new RegExp([
  String.raw`(--[^\n]*|/\*[\s\S]*?(?:\*/|$))`, // comment
  String.raw`('(?:[^']|'')*'?)`, // string
  String.raw`("(?:[^"]|"")*"?)`, // quoted identifier
  String.raw`(\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)`, // number
  String.raw`([A-Za-z_][A-Za-z0-9_$]*)`, // word
].join('|'), 'g');

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
}

/** The nodes of {@code sql}, highlighted. */
export function highlightSql(sql) {
  const nodes = [];
  let last = 0;
  for (const match of sql.matchAll(TOKEN)) {
    if (match.index > last) nodes.push(document.createTextNode(sql.slice(last, match.index)));
    const [text, comment, string, , number, word] = match;
    if (comment) nodes.push(span('sql-comment', text));
    else if (string) nodes.push(span('sql-string', text));
    else if (number) nodes.push(span('sql-number', text));
    else if (word && KEYWORDS.has(word.toLowerCase())) nodes.push(span('sql-keyword', text));
    else nodes.push(document.createTextNode(text));
    last = match.index + text.length;
  }
  if (last < sql.length) nodes.push(document.createTextNode(sql.slice(last)));
  return nodes;
}

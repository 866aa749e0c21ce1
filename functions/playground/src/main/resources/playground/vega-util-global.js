// What the vendored vega-interpreter imports from 'vega-util', taken from the vega bundle (which
// includes vega-util) that index.html loads before the page's modules run.
const { vega } = globalThis;
export const ascending = vega.ascending;
export const isString = vega.isString;
export const DisallowedObjectProperties = vega.DisallowedObjectProperties;

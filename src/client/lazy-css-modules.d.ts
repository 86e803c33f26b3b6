/**
 * @module
 * A lazy view's stylesheet, `<name>.lazy.css`: imported as its minified text (see ./lazy-styles.ts).
 */
declare module "*.lazy.css" {
  const css: string;
  export default css;
}

// Vite runs in this module; the Vaadin npm folder (package.json, node_modules, Vite config) is the repository root.
export { default } from '../vite.config';

// plotly.js-cartesian-dist-min ships no types; this is the subset PlotlyChart uses.
declare module "plotly.js-cartesian-dist-min" {
  type Obj = Record<string, unknown>;
  interface PlotlyStatic {
    react(root: HTMLElement, data: unknown[], layout?: Obj, config?: Obj): Promise<HTMLElement>;
    purge(root: HTMLElement): void;
    Plots: { resize(root: HTMLElement): Promise<void> | void };
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}

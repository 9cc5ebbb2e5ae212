// Docusaurus site: the executed notebooks, the chapters and the energy pages, in English and 简体中文.
// Markdown plugins (math, code, Chinese line breaks): src/plugins/markdownPlugins.ts; KaTeX CSS is
// bundled from npm (src/css/custom.css).
import type { Config, PluginConfig } from "@docusaurus/types";
import type * as Preset from "@docusaurus/preset-classic";
import footprintSummary from "./src/plugins/footprintSummary";
import { additionalLanguages, codeThemes, markdownPlugins } from "./src/plugins/markdownPlugins";
import { sidebarItemsGenerator } from "./sidebars.labels";

const markdown = markdownPlugins();

const config: Config = {
  title: "LLM Footprint",
  tagline:
    "Attention, built from scratch and costed: a literate TypeScript tutorial on language models and their energy cost, measured where counters exist and estimated where they do not",
  favicon: "img/favicon.svg",
  url: process.env.SITE_URL ?? "http://localhost:3000",
  baseUrl: process.env.BASE_URL ?? "/",
  trailingSlash: false,

  onBrokenLinks: "throw",
  onBrokenAnchors: "throw",
  onDuplicateRoutes: "throw",
  markdown: { hooks: { onBrokenMarkdownLinks: "throw" } },
  // @docusaurus/faster: Rspack, SWC and Lightning CSS instead of webpack, Babel and Terser.
  future: { faster: true, v4: { removeLegacyPostBuildHeadAttribute: true } },

  i18n: {
    defaultLocale: "en",
    locales: ["en", "zh-Hans"],
    localeConfigs: {
      en: { label: "English", htmlLang: "en" },
      "zh-Hans": { label: "简体中文", htmlLang: "zh-Hans" },
    },
  },

  presets: [
    [
      "classic",
      {
        docs: {
          sidebarPath: "./sidebars.ts",
          sidebarItemsGenerator,
          ...markdown,
          showLastUpdateTime: false,
        },
        blog: false,
        pages: { ...markdown },
        theme: { customCss: "./src/css/custom.css" },
        sitemap: { lastmod: null, changefreq: null, priority: null },
      } satisfies Preset.Options,
    ],
  ],

  plugins: [
    footprintSummary as PluginConfig,
    // tfjs-backend-wasm's Emscripten glue names __dirname/__filename in its Node-only branch. webpack
    // replaced them with "/" in browser bundles; Rspack does the same but warns ("warn-mock").
    () => ({
      name: "emscripten-glue-in-browser-bundles",
      configureWebpack: (_config: unknown, isServer: boolean) =>
        isServer ? {} : { node: { __dirname: "mock" as const, __filename: "mock" as const } },
    }),
  ],

  clientModules: ["./src/clientModules/scrollableMath.ts", "./src/clientModules/noHeavyPrefetch.ts"],

  themes: [
    [
      "@easyops-cn/docusaurus-search-local",
      {
        hashed: true,
        language: ["en", "zh"],
        indexBlog: false,
        indexPages: true,
        docsRouteBasePath: "/docs",
        highlightSearchTermsOnTargetPage: false,
        explicitSearchResultPath: true,
        // KaTeX writes each formula three times (MathML, its TeX source, the HTML rendering): index the
        // rendering only, so snippets show "O(T)" once and no raw TeX.
        ignoreCssSelectors: [".katex-mathml"],
      },
    ],
  ],

  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: "LLM Footprint",
      logo: { alt: "LLM Footprint", src: "img/logo.svg" },
      items: [
        { type: "docSidebar", sidebarId: "tutorial", position: "left", label: "Tutorial" },
        { to: "/docs/energy/methodology", label: "Energy", position: "left" },
        { to: "/docs/faq", label: "FAQ", position: "left" },
        { type: "localeDropdown", position: "right" },
        { type: "search", position: "right" },
      ],
    },
    footer: {
      style: "dark",
      links: [
        {
          title: "Read",
          items: [
            { label: "Introduction", to: "/docs/intro" },
            { label: "Chapters", to: "/docs/chapters/background" },
            { label: "Energy and carbon", to: "/docs/energy/methodology" },
            { label: "FAQ", to: "/docs/faq" },
          ],
        },
        {
          title: "Reference",
          items: [
            { label: "Glossary", to: "/docs/glossary" },
            { label: "References", to: "/docs/references" },
            { label: "Credits and licences", to: "/docs/credits" },
          ],
        },
        {
          title: "Run it yourself",
          items: [{ label: "npm ci && npm start", to: "/docs/intro#run-it-yourself" }],
        },
      ],
      copyright: "LLM Footprint. Code under the MIT licence. Built with Docusaurus.",
    },
    prism: {
      theme: codeThemes.light,
      darkTheme: codeThemes.dark,
      additionalLanguages,
    },
    tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
  } satisfies Preset.ThemeConfig,
};

export default config;

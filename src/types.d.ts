// Ambient types for the site code (tsconfig.json sets `types: ["node"]`, which turns off automatic inclusion).
/// <reference types="@docusaurus/module-type-aliases" />
/// <reference types="@docusaurus/theme-classic" />
/// <reference types="@docusaurus/plugin-content-docs" />

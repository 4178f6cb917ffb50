/**
 * Mantine's theme: a calm blue with text contrast above WCAG 2.1 AA (4.5:1) on white, and a
 * focus ring that is always visible, not only for keyboard users' first tab.
 */
import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: 8,
  focusRing: "always",
  defaultRadius: "sm",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
  components: {
    Anchor: { defaultProps: { underline: "always" } },
  },
});

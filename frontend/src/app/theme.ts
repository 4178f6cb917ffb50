/**
 * Mantine's theme: a calm blue with text contrast above WCAG 2.1 AA (4.5:1) on white, and a
 * focus ring that is always visible, not only for keyboard users' first tab.
 */
import { createTheme, type CSSVariablesResolver, Modal, Notification } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: 8,
  focusRing: "always",
  defaultRadius: "sm",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
  components: {
    Anchor: { defaultProps: { underline: "always" } },
    // Mantine's close buttons are icons only: they need a name (WCAG 4.1.2).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Stäng" } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { "aria-label": "Stäng" } } }),
  },
});

/**
 * Mantine's "dimmed" grey (field descriptions, secondary text) is 3.3:1 on white; gray.7 is
 * 8:1, so hints stay readable.
 */
export const cssVariablesResolver: CSSVariablesResolver = (mantine) => ({
  variables: {},
  light: { "--mantine-color-dimmed": mantine.colors.gray[7] ?? "#495057" },
  dark: {},
});

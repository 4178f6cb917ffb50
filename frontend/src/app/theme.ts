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
 * Contrast of Mantine's defaults on white, raised to WCAG AA (4.5:1): the "dimmed" grey of
 * field descriptions is 3.3:1 (gray.7 is 8:1), and the text of light badges, alerts and
 * buttons (shade 8 on a pale tint) is as low as 2.5:1 for yellow and green; darkened by a
 * third it passes for every colour.
 */
export const cssVariablesResolver: CSSVariablesResolver = (mantine) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": mantine.colors.gray[7] ?? "#495057",
    ...Object.fromEntries(
      Object.entries(mantine.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        `color-mix(in srgb, ${shades[9]} 65%, black)`,
      ]),
    ),
  },
  dark: {},
});

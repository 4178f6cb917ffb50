import { Alert, Anchor, Container } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Alert color="yellow" title={t("errors.title")}>
        {t("errors.notFound")}{" "}
        <Anchor component={Link} to="/">
          {t("nav.myWork")}
        </Anchor>
      </Alert>
    </Container>
  );
}

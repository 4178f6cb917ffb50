/** "Visa fler": the next page of a cursor-paged list, appended below what is shown. */
import { Button, Center } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface LoadMoreProps {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage }: LoadMoreProps) {
  const { t } = useTranslation();
  if (!hasNextPage) return null;
  return (
    <Center mt="md">
      <Button variant="light" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
        {t("actions.more")}
      </Button>
    </Center>
  );
}

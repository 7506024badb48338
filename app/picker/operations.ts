import { graphql } from "../__generated__";

export const PickerAppQuery = graphql(`
  query PickerApp($appKey: String!, $origin: String!) {
    pickerApp(appKey: $appKey, origin: $origin) {
      name
      appKey
    }
  }
`);

export const ChooseItemsMutation = graphql(`
  mutation ChooseItems($input: ChooseItemsInput!) {
    chooseItems(input: $input) {
      id
      name
      bytes
      mimeType
      isDir
      link
      expires
      icon
    }
  }
`);

import { graphql } from "../../__generated__";

export const AppFieldsFragment = graphql(`
  fragment AppFields on App {
    id
    name
    appKey
    confidential
    origins
    redirectUris
    createdAt
    revokedAt
  }
`);

export const AppsQuery = graphql(`
  query SettingsApps {
    apps {
      ...AppFields
    }
  }
`);

export const RegisterAppMutation = graphql(`
  mutation SettingsRegisterApp($input: RegisterAppInput!) {
    registerApp(input: $input) {
      secret
      app {
        ...AppFields
      }
    }
  }
`);

export const UpdateAppMutation = graphql(`
  mutation SettingsUpdateApp($input: UpdateAppInput!) {
    updateApp(input: $input) {
      ...AppFields
    }
  }
`);

export const RevokeAppMutation = graphql(`
  mutation SettingsRevokeApp($input: RevokeAppInput!) {
    revokeApp(input: $input) {
      ...AppFields
    }
  }
`);

export const GrantedAppsQuery = graphql(`
  query SettingsGrantedApps {
    grantedApps {
      id
      appName
      appKey
      scopes
      offline
      grantedAt
    }
  }
`);

export const RevokeAppGrantMutation = graphql(`
  mutation SettingsRevokeAppGrant($input: RevokeAppGrantInput!) {
    revokeAppGrant(input: $input) {
      id
    }
  }
`);

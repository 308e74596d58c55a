metadata description = 'Azure Communication Services with an Email service and its Azure-managed sender domain linked, an optional SMTP username bound to an Entra application, and the ACS connection string (SMS request signing) stored in Key Vault.'

@description('Communication Services resource name (globally unique: it is the endpoint host name).')
param communicationName string

@description('Email Communication Service name.')
param emailServiceName string

@description('Where ACS stores data at rest, e.g. "United States", "Europe".')
param dataLocation string

@description('Key Vault that receives the ACS connection string as the secret acs-connection-string.')
param keyVaultName string

@description('Application (client) id of the Entra application that authenticates SMTP; empty skips the SMTP username (create it later, see docs/deploy.md).')
param smtpEntraApplicationId string

@description('SMTP username (Email__Username) linked to that Entra application.')
param smtpUsername string

param tags object

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: { dataLocation: dataLocation }
}

// Azure-managed domain: <guid>.azurecomm.net with SPF/DKIM already verified, sender DoNotReply@.
// A custom domain needs DNS records and verification first; see docs/deploy.md.
resource managedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    // Open/click tracking rewrites links; signed links must reach customers untouched.
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [managedDomain.id]
  }
}

// SMTP AUTH with an Entra application: the username maps to the application, the password is that
// application's client secret (Key Vault secret email-smtp-password). Only a preview API version has
// this resource type in the pinned Bicep CLI.
resource smtpUser 'Microsoft.Communication/communicationServices/smtpUsernames@2024-09-01-preview' = if (!empty(smtpEntraApplicationId)) {
  parent: communication
  name: smtpUsername
  properties: {
    entraApplicationId: smtpEntraApplicationId
    tenantId: tenant().tenantId
    username: smtpUsername
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

// The SMS REST API signs requests with the access key inside this connection string (HMAC-SHA256).
// It goes straight into Key Vault and never appears in an app setting or a deployment output.
resource connectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'acs-connection-string'
  properties: {
    value: communication.listKeys().primaryConnectionString
    contentType: 'Azure Communication Services connection string'
  }
}

output communicationName string = communication.name
output mailFromSenderDomain string = managedDomain.properties.mailFromSenderDomain

metadata description = 'Key Vault in RBAC mode for the app secrets: link-signing keys, the SMTP password, the Teams webhook URL and the ACS connection string. App settings reference them with @Microsoft.KeyVault(SecretUri=...).'

@description('Azure region.')
param location string

@description('Key Vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Days a deleted secret or vault stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Forbid purging deleted secrets before the retention ends (cannot be turned off again once on).')
param purgeProtection bool

param tags object

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access by Azure RBAC role assignments only (no access policies): the app's identity gets
    // Key Vault Secrets User, operators Key Vault Secrets Officer.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The API accepts only true or absent here.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

output vaultName string = vault.name
output vaultUri string = vault.properties.vaultUri

using 'main.bicep'

// Development: cheapest redundancy, short retention, vault purgeable so the environment can be torn down.
// Tenant-specific ids come from environment variables (docs/deploy.md) so this file needs no edits.
param environmentName = 'dev'
param storageSku = 'Standard_LRS'
param maximumInstanceCount = 10
param instanceMemoryMB = 2048
param logRetentionInDays = 30
param deleteRetentionInDays = 7
param keyVaultPurgeProtection = false
param staffApiAudience = readEnvironmentVariable('AUTOSHOP_STAFF_API_AUDIENCE', 'api://autoshop-staff-dev')
param smtpEntraApplicationId = readEnvironmentVariable('AUTOSHOP_SMTP_APP_ID', '')
param vaultOperatorPrincipalId = readEnvironmentVariable('AUTOSHOP_VAULT_OPERATOR_ID', '')
param publicBaseUrl = readEnvironmentVariable('AUTOSHOP_PUBLIC_BASE_URL', '')
param hasPreviousSigningKey = bool(readEnvironmentVariable('AUTOSHOP_HAS_PREVIOUS_SIGNING_KEY', 'false'))

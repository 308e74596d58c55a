using 'main.bicep'

// Production: zone-redundant storage, longer retention, purge protection (irreversible), more headroom.
// Tenant-specific ids come from environment variables (docs/deploy.md) so this file needs no edits.
param environmentName = 'prod'
param storageSku = 'Standard_ZRS'
param maximumInstanceCount = 100
param instanceMemoryMB = 2048
param logRetentionInDays = 90
param deleteRetentionInDays = 30
param keyVaultPurgeProtection = true
param staffApiAudience = readEnvironmentVariable('AUTOSHOP_STAFF_API_AUDIENCE', 'api://autoshop-staff')
param smtpEntraApplicationId = readEnvironmentVariable('AUTOSHOP_SMTP_APP_ID', '')
param vaultOperatorPrincipalId = readEnvironmentVariable('AUTOSHOP_VAULT_OPERATOR_ID', '')
param publicBaseUrl = readEnvironmentVariable('AUTOSHOP_PUBLIC_BASE_URL', '')
param hasPreviousSigningKey = bool(readEnvironmentVariable('AUTOSHOP_HAS_PREVIOUS_SIGNING_KEY', 'false'))

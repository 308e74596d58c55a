using AutoShop.Testing;

// Azurite and MailDev on random loopback ports, started once for this test assembly.
[assembly: AssemblyFixture(typeof(DevServicesFixture))]

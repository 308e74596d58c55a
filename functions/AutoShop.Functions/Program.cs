using AutoShop.Functions.Hosting.Worker;

// The isolated worker, started by the Azure Functions host. functions/AutoShop.LocalHost runs the
// same functions and the same composition without a host.
WorkerApp.Build(args).Run();

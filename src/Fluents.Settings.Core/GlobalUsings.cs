// `System.Environment` would otherwise make every mention of our Environment ambiguous.
global using Environment = Fluents.Settings.Environments.Environment;
global using NodaTime;

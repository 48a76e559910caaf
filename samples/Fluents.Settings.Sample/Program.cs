Console.WriteLine("Fluents.Settings sample");

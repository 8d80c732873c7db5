Console.WriteLine("csperf 0.1.0");
return 0;

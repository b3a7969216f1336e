using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Seeding.Sample
{
    /// <summary>
    /// Runs one experiment in a child process of this same program, so every run starts with
    /// a fresh runtime and fresh native torch state, exactly as two separate launches would.
    /// </summary>
    internal static class ChildRuns
    {
        /// <summary>Returns the run's MSEs in repeat order, or null with the reason in <paramref name="failure"/>.</summary>
        public static float[]? Run(Options options, Mode mode, out string? failure)
        {
            using var child = new Process { StartInfo = StartInfo(options.ForChild(mode)) };
            child.Start();
            var errors = child.StandardError.ReadToEndAsync();
            var mses = new List<float>();
            string? line;
            while ((line = child.StandardOutput.ReadLine()) is not null)
            {
                if (ResultLine.TryParse(line, out int repeat, out float mse) && repeat == mses.Count + 1)
                {
                    mses.Add(mse);
                }
            }

            child.WaitForExit();
            string stderr = errors.Result.Trim();
            if (child.ExitCode != 0)
            {
                failure = stderr.Length > 0 ? stderr : $"Seeding.Sample: the {mode} run exited with code {child.ExitCode}";
                return null;
            }

            if (mses.Count != options.Repeats)
            {
                failure = $"Seeding.Sample: the {mode} run printed {mses.Count} results instead of {options.Repeats}";
                return null;
            }

            failure = null;
            return mses.ToArray();
        }

        private static ProcessStartInfo StartInfo(string[] arguments)
        {
            // Under `dotnet run` or the apphost this process is the program itself; when started
            // as `dotnet Seeding.Sample.dll` it is the dotnet host, which needs the dll again.
            string host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable is running.");
            var start = new ProcessStartInfo(host)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add(typeof(ChildRuns).Assembly.Location);
            }

            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            return start;
        }
    }
}

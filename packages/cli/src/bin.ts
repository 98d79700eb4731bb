// The `converge` bin of the converge-scan package (bundled to dist/converge.mjs by scripts/pack-cli.ts).
import { runUserCli } from "@/cli/user-main";

runUserCli();

# bash completion for icsflow: the commands, each command's options, and files where a file is expected.
# Installed by cmake --install to <prefix>/share/bash-completion/completions/icsflow; or: source this file.
_icsflow() {
  local cur prev command
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  if ((COMP_CWORD == 1)); then
    mapfile -t COMPREPLY < <(compgen -W "run compare validate report export calibrate sweep merge serve --help --version" -- "$cur")
    return
  fi
  command="${COMP_WORDS[1]}"
  local run_options="-o --output --wait --quiet --seed --threads --years --scale --replications --warmup-days --format --help"
  local options
  case "$command" in
    run) options="$run_options" ;;
    compare) options="$run_options --attribution --independent-seeds" ;;
    validate) options="--format --help" ;;
    report) options="-o --output --figures-dir --help" ;;
    export) options="-o --output --format --help" ;;
    calibrate) options="--seed --threads --years --scale --replications --quiet --format --help" ;;
    sweep) options="-o --output --wait --quiet --threads --shard --fresh --dry-run --replications --scale --years --seed --help" ;;
    merge) options="-o --output --wait --help" ;;
    serve) options="--port --host --folder --scenarios --threads --help" ;;
    *) return ;;
  esac
  case "$prev" in
    --format)
      if [[ "$command" == export ]]; then
        mapfile -t COMPREPLY < <(compgen -W "csv json xlsx" -- "$cur")
      else
        mapfile -t COMPREPLY < <(compgen -W "text json markdown" -- "$cur")
      fi
      return ;;
    --seed|--threads|--years|--scale|--replications|--warmup-days|--shard|--port|--host) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -o filenames -F _icsflow icsflow

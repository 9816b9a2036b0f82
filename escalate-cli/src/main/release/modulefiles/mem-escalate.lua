-- Lmod module file for mem-escalate ${project.version}.
--
-- In the release it is PREFIX/modulefiles/mem-escalate/${project.version}.lua and finds PREFIX from its own path, so a
-- site can use it where it is:
--     module use /sw/mem-escalate-${project.version}/modulefiles
--     module load mem-escalate
-- To keep it in the site's own module tree instead, copy it there as mem-escalate/${project.version}.lua and replace
-- the first line of code with:  local prefix = "/sw/mem-escalate-${project.version}"
local prefix = myFileName():match("^(.*)/modulefiles/mem%-escalate/[^/]+%.lua$")
if not prefix then
  LmodError("mem-escalate: cannot tell the install prefix from ", myFileName(), ": set prefix in this file")
end

whatis("Name: mem-escalate")
whatis("Version: ${project.version}")
whatis("Description: runs Slurm job arrays and resubmits the tasks that ran out of memory or time, one rung up a"
  .. " resource ladder")

help("mem-escalate ${project.version}, installed in " .. prefix .. [[


  mem-escalate --help              the commands; man mem-escalate, man mem-escalate-submit, ...
  mem-escalate doctor              checks Java, Slurm, sacct and the tracker directory

Shell completion (in ~/.bashrc or ~/.zshrc, after loading this module):
  source "$(dirname "$(command -v mem-escalate)")/../completion/mem-escalate.bash"    (zsh: mem-escalate.zsh)

mem-escalate needs Java 17 or later: load a Java module first when java on PATH is older, or set JAVA_HOME.
The handler jobs run this installation's jar on the compute nodes, with the Java that ran submit.
]])

prepend_path("PATH", pathJoin(prefix, "bin"))
prepend_path("MANPATH", pathJoin(prefix, "man"))
-- An empty entry stands for man's own default path: without it, a MANPATH that was unset would now hold only this
-- directory, and `man ls` would find nothing.
append_path("MANPATH", "")

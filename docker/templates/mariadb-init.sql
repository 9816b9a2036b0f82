-- Run once, as the MariaDB root user over the private socket, right after mariadb-install-db.
-- slurmdbd connects over TCP to 127.0.0.1; the 'localhost' grant covers socket connections too.
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '@MARIADB_PASSWORD@';
CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '@MARIADB_PASSWORD@';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
FLUSH PRIVILEGES;

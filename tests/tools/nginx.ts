/**
 * The nginx configuration of docs/deploy.md ("Several servers") for a test on loopback ports: the
 * same upstream (sticky by address for Socket.IO's polling fallback, the next server on a failure),
 * the same WebSocket upgrade and headers, with its files in `dir` so that it runs without root.
 */
export function nginxConfig({ dir, listen, servers }: { dir: string; listen: number; servers: number[] }): string {
	return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;

    upstream pitwall {
        hash $remote_addr consistent;
${servers.map((port) => `        server 127.0.0.1:${port} max_fails=1 fail_timeout=10s;`).join('\n')}
        keepalive 16;
    }

    server {
        listen 127.0.0.1:${listen};
        client_max_body_size 25m;
        proxy_http_version 1.1;
        proxy_buffer_size 16k;
        proxy_buffers 8 16k;
        proxy_next_upstream error timeout http_502 http_503;
        proxy_connect_timeout 2s;

        location /socket.io/ {
            proxy_pass http://pitwall;
            proxy_set_header Host              $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For   $proxy_add_x_forwarded_for;
            proxy_set_header X-Real-IP         $remote_addr;
            proxy_set_header Upgrade           $http_upgrade;
            proxy_set_header Connection        "upgrade";
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
        }

        location / {
            proxy_pass http://pitwall;
            proxy_set_header Host              $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For   $proxy_add_x_forwarded_for;
            proxy_set_header X-Real-IP         $remote_addr;
            proxy_set_header Connection        "";
            proxy_read_timeout 120s;
        }
    }
}
`;
}
